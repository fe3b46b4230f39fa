"""The national dictionary as Tangguh ships it (version 1), and the assessment
methods and default standards that come with it.

The managerial (M.01–M.08) and socio-cultural (S.01) names are PermenPANRB 38/2017's;
the definitions, level descriptions and behaviour indicators are **Tangguh's own
summary** written from the regulation's structure (level 1: applies it to oneself;
2: to oneself and the team; 3: drives the unit to apply it; 4: shapes the
institution; 5: shapes the nation), not the regulation's wording: every entry is
marked ``is_product_summary``. The government competency (P.01, kompetensi
pemerintahan) is summarised the same way, on the same five-level structure. Each level
has a description and three behaviour indicators, in Indonesian and English. The
national administrator edits them by publishing a new version (an edited entry loses
the mark).
"""

from __future__ import annotations

# Tangguh's own summary: definitions, level descriptions and behaviour indicators,
# (Indonesian, English), written from the regulation's structure.
_TEXTS: dict[str, dict[str, object]] = {
    "M.01": {
        "definition": (
            "Bertindak konsisten dengan nilai, norma dan etika organisasi, jujur dalam "
            "hubungan dengan atasan, rekan, bawahan dan pihak lain, serta memegang "
            "teguh komitmen meskipun sulit."
        ),
        "definition_en": (
            "Acts consistently with the organisation's values, norms and ethics; is honest "
            "with superiors, peers, staff and others; keeps commitments even when it is hard."
        ),
        "levels": [
            (
                "Bertindak sesuai nilai, norma dan etika organisasi dalam pekerjaannya sendiri.",
                "Acts by the organisation's values, norms and ethics in their own work.",
                [
                    "Mengerjakan tugas sesuai aturan dan kode etik yang berlaku.",
                    "Menyampaikan informasi dengan jujur, termasuk tentang kesalahannya sendiri.",
                    "Menolak pemberian atau kemudahan yang berkaitan dengan jabatannya.",
                ],
                [
                    "Does the work by the rules and the code of ethics in force.",
                    "Reports information honestly, including their own mistakes.",
                    "Refuses gifts or favours connected with the position.",
                ],
            ),
            (
                "Mengingatkan dan mengajak rekan kerja untuk bertindak sesuai nilai, norma "
                "dan etika organisasi.",
                "Reminds and encourages colleagues to act by the organisation's values, norms "
                "and ethics.",
                [
                    "Menegur rekan yang menyimpang dari aturan dengan cara yang santun.",
                    "Memberi contoh kejujuran dalam pekerjaan tim.",
                    "Menepati janji dan tenggat yang disepakati bersama tim.",
                ],
                [
                    "Points out, politely, when a colleague departs from the rules.",
                    "Sets an example of honesty in the team's work.",
                    "Keeps the promises and deadlines agreed with the team.",
                ],
            ),
            (
                "Memastikan anggota unit yang dipimpinnya bertindak sesuai nilai, norma dan "
                "etika organisasi.",
                "Makes sure the members of the unit they lead act by the organisation's "
                "values, norms and ethics.",
                [
                    "Menanamkan pemahaman bersama tentang perilaku yang diharapkan di unitnya.",
                    "Menindaklanjuti pelanggaran etika di unitnya secara adil dan tepat waktu.",
                    "Mengambil keputusan yang transparan dan dapat dipertanggungjawabkan.",
                ],
                [
                    "Builds a shared understanding of the expected conduct in the unit.",
                    "Follows up breaches of ethics in the unit fairly and promptly.",
                    "Takes transparent decisions that can be accounted for.",
                ],
            ),
            (
                "Menciptakan suasana kerja di instansinya yang membuat setiap orang patuh "
                "pada nilai, norma dan etika dalam segala keadaan.",
                "Creates a working climate in the institution that keeps everyone faithful to "
                "its values, norms and ethics in every situation.",
                [
                    "Membangun sistem pencegahan benturan kepentingan dan gratifikasi.",
                    "Menjaga integritas walaupun menghadapi tekanan atau risiko pribadi.",
                    "Menjadikan nilai organisasi dasar kebijakan dan prosedur instansi.",
                ],
                [
                    "Builds systems that prevent conflicts of interest and gratuities.",
                    "Holds to integrity under pressure or at personal risk.",
                    "Makes the organisation's values the basis of its policies and procedures.",
                ],
            ),
            (
                "Menjadi teladan integritas dan keadilan pada tingkat nasional.",
                "Is a role model of integrity and fairness at the national level.",
                [
                    "Dikenal luas sebagai panutan etika dalam pemerintahan.",
                    "Mendorong kebijakan nasional yang memperkuat integritas aparatur.",
                    "Mempertahankan keputusan yang benar walaupun tidak populer.",
                ],
                [
                    "Is widely known as an ethical example in government.",
                    "Promotes national policies that strengthen civil servants' integrity.",
                    "Stands by the right decision even when it is unpopular.",
                ],
            ),
        ],
    },
    "M.02": {
        "definition": (
            "Menjalin dan menjaga hubungan kerja yang efektif, menghargai keberagaman dan "
            "berbagi sumber daya untuk mencapai tujuan bersama."
        ),
        "definition_en": (
            "Builds and keeps effective working relationships, values diversity and shares "
            "resources to reach common goals."
        ),
        "levels": [
            (
                "Berpartisipasi aktif sebagai anggota tim dan menyelesaikan bagiannya.",
                "Takes an active part as a team member and completes their share.",
                [
                    "Menyelesaikan bagian tugasnya tepat waktu demi hasil tim.",
                    "Berbagi informasi yang relevan dengan anggota tim.",
                    "Menghargai pendapat dan masukan rekan kerja.",
                ],
                [
                    "Completes their part of the work on time for the team's result.",
                    "Shares relevant information with the team.",
                    "Respects colleagues' opinions and suggestions.",
                ],
            ),
            (
                "Menumbuhkan kerja sama di dalam tim kerjanya.",
                "Fosters cooperation within the team.",
                [
                    "Membantu rekan yang kesulitan tanpa diminta.",
                    "Mengajak anggota tim menyelesaikan perbedaan pendapat secara terbuka.",
                    "Mengakui kontribusi setiap anggota tim.",
                ],
                [
                    "Helps colleagues who struggle without being asked.",
                    "Invites the team to settle disagreements openly.",
                    "Acknowledges every member's contribution.",
                ],
            ),
            (
                "Membangun kerja sama efektif antarunit dan memanfaatkan keberagaman untuk "
                "hasil unitnya.",
                "Builds effective cooperation between units and uses diversity for the unit's "
                "results.",
                [
                    "Membangun komitmen tim lintas fungsi untuk tujuan bersama.",
                    "Menyelesaikan konflik kepentingan antarunit secara konstruktif.",
                    "Memanfaatkan keahlian yang beragam dalam menyusun rencana kerja unit.",
                ],
                [
                    "Builds the commitment of cross-functional teams to a shared goal.",
                    "Resolves conflicts of interest between units constructively.",
                    "Draws on diverse expertise when planning the unit's work.",
                ],
            ),
            (
                "Membangun kemitraan strategis instansinya dengan instansi dan pemangku "
                "kepentingan lain.",
                "Builds strategic partnerships between the institution and other institutions "
                "and stakeholders.",
                [
                    "Menjalin kesepakatan kerja sama yang saling menguntungkan antarinstansi.",
                    "Menggerakkan sumber daya bersama untuk program lintas sektor.",
                    "Menjaga hubungan jangka panjang dengan mitra strategis.",
                ],
                [
                    "Reaches mutually beneficial cooperation agreements between institutions.",
                    "Mobilises shared resources for cross-sector programmes.",
                    "Keeps long-term relationships with strategic partners.",
                ],
            ),
            (
                "Membangun jejaring kerja sama pada tingkat nasional dan internasional untuk "
                "kepentingan negara.",
                "Builds networks of cooperation at the national and international level in the "
                "country's interest.",
                [
                    "Memprakarsai kolaborasi antarlembaga untuk isu nasional.",
                    "Mewakili pemerintah dalam forum kerja sama nasional atau internasional.",
                    "Menciptakan budaya kolaborasi di seluruh pemerintahan.",
                ],
                [
                    "Initiates collaboration between agencies on national issues.",
                    "Represents the government in national or international cooperation forums.",
                    "Creates a culture of collaboration across government.",
                ],
            ),
        ],
    },
    "M.03": {
        "definition": (
            "Menyampaikan dan menerima pesan secara jelas, lisan maupun tertulis, "
            "mendengarkan dengan sungguh-sungguh, serta menyesuaikan cara penyampaian "
            "dengan pendengarnya."
        ),
        "definition_en": (
            "Sends and receives messages clearly, spoken and written, listens attentively and "
            "adapts the delivery to the audience."
        ),
        "levels": [
            (
                "Menyampaikan informasi dengan jelas dan mendengarkan dengan baik dalam "
                "pekerjaan sehari-hari.",
                "Conveys information clearly and listens well in daily work.",
                [
                    "Menyusun pesan lisan dan tertulis yang runtut dan mudah dipahami.",
                    "Mendengarkan lawan bicara tanpa memotong dan memastikan pemahamannya.",
                    "Bertanya untuk memperjelas informasi yang belum dipahami.",
                ],
                [
                    "Writes and speaks in an orderly way that is easy to follow.",
                    "Listens without interrupting and checks their understanding.",
                    "Asks questions to clarify what they did not understand.",
                ],
            ),
            (
                "Menyesuaikan cara berkomunikasi dengan rekan dan tim agar pesan diterima "
                "dengan tepat.",
                "Adapts the way they communicate with colleagues and the team so the message "
                "lands.",
                [
                    "Memilih media dan bahasa yang sesuai dengan penerima pesan.",
                    "Menyampaikan umpan balik secara jelas dan santun.",
                    "Memastikan informasi penting sampai ke seluruh anggota tim.",
                ],
                [
                    "Chooses the channel and language that suit the receiver.",
                    "Gives feedback clearly and courteously.",
                    "Makes sure important information reaches every team member.",
                ],
            ),
            (
                "Mengelola komunikasi di unitnya dan menyampaikan gagasan yang rumit secara "
                "meyakinkan.",
                "Manages the unit's communication and presents complex ideas convincingly.",
                [
                    "Menjelaskan kebijakan atau masalah yang rumit dengan sederhana.",
                    "Membangun saluran komunikasi dua arah di unitnya.",
                    "Menyampaikan argumen berbasis data untuk meyakinkan pihak lain.",
                ],
                [
                    "Explains complex policies or problems simply.",
                    "Builds two-way channels of communication in the unit.",
                    "Puts forward data-based arguments to persuade others.",
                ],
            ),
            (
                "Mengomunikasikan arah dan kebijakan instansinya kepada pemangku kepentingan "
                "di dalam dan di luar instansi.",
                "Communicates the institution's direction and policies to stakeholders inside "
                "and outside it.",
                [
                    "Menyusun strategi komunikasi kebijakan instansi.",
                    "Bernegosiasi dengan pemangku kepentingan untuk mencapai kesepakatan.",
                    "Menangani komunikasi dalam situasi sensitif atau krisis.",
                ],
                [
                    "Designs the institution's policy communication strategy.",
                    "Negotiates with stakeholders to reach agreement.",
                    "Handles communication in sensitive or crisis situations.",
                ],
            ),
            (
                "Menjadi juru bicara yang dipercaya untuk isu-isu strategis pada tingkat nasional.",
                "Is a trusted voice on strategic issues at the national level.",
                [
                    "Menyampaikan kebijakan nasional kepada publik secara meyakinkan.",
                    "Membangun kesepahaman antarlembaga atas isu yang diperdebatkan.",
                    "Mewakili pemerintah dalam forum tingkat tinggi.",
                ],
                [
                    "Presents national policies to the public convincingly.",
                    "Builds common understanding between agencies on contested issues.",
                    "Represents the government in high-level forums.",
                ],
            ),
        ],
    },
    "M.04": {
        "definition": (
            "Bekerja untuk mencapai dan melampaui target kinerja yang ditetapkan, dengan "
            "memperhatikan mutu, waktu dan sumber daya."
        ),
        "definition_en": (
            "Works to meet and exceed the performance targets set, with attention to quality, "
            "time and resources."
        ),
        "levels": [
            (
                "Menyelesaikan tugasnya sesuai standar mutu dan target yang ditetapkan.",
                "Completes their tasks to the quality standards and targets set.",
                [
                    "Menyelesaikan pekerjaan tepat waktu sesuai sasaran kinerjanya.",
                    "Memeriksa hasil kerjanya sendiri sebelum diserahkan.",
                    "Mencari cara bekerja yang lebih efisien.",
                ],
                [
                    "Finishes work on time against their performance targets.",
                    "Checks their own work before handing it in.",
                    "Looks for more efficient ways of working.",
                ],
            ),
            (
                "Menetapkan dan mencapai target yang menantang bagi diri dan tim kerjanya.",
                "Sets and meets challenging targets for themselves and the team.",
                [
                    "Menetapkan ukuran keberhasilan yang jelas untuk pekerjaan tim.",
                    "Memantau kemajuan pekerjaan dan menindaklanjuti hambatan.",
                    "Mendorong anggota tim memperbaiki mutu hasil kerja.",
                ],
                [
                    "Sets clear measures of success for the team's work.",
                    "Monitors progress and acts on obstacles.",
                    "Pushes the team to improve the quality of its results.",
                ],
            ),
            (
                "Mengelola kinerja unitnya agar sasaran tercapai dengan sumber daya yang tersedia.",
                "Manages the unit's performance so its objectives are met with the resources "
                "at hand.",
                [
                    "Menjabarkan sasaran instansi menjadi target unit yang terukur.",
                    "Mengalokasikan sumber daya berdasarkan prioritas hasil.",
                    "Mengevaluasi capaian unit dan menerapkan perbaikan.",
                ],
                [
                    "Breaks the institution's objectives into measurable unit targets.",
                    "Allocates resources by the priority of results.",
                    "Reviews the unit's achievements and puts improvements in place.",
                ],
            ),
            (
                "Mengarahkan instansinya pada hasil strategis yang berdampak bagi masyarakat.",
                "Steers the institution towards strategic results that matter to the public.",
                [
                    "Menetapkan indikator kinerja utama instansi yang berorientasi dampak.",
                    "Mengambil risiko yang terukur untuk meningkatkan hasil.",
                    "Membangun sistem manajemen kinerja di seluruh instansi.",
                ],
                [
                    "Sets the institution's key performance indicators on impact.",
                    "Takes measured risks to improve results.",
                    "Builds a performance management system across the institution.",
                ],
            ),
            (
                "Menetapkan dan mewujudkan sasaran kinerja pemerintahan pada tingkat nasional.",
                "Sets and achieves the government's performance objectives at the national level.",
                [
                    "Merumuskan target pembangunan nasional yang menantang dan terukur.",
                    "Menyelaraskan kinerja lintas lembaga untuk hasil nasional.",
                    "Mempertanggungjawabkan hasil kepada publik secara terbuka.",
                ],
                [
                    "Frames challenging, measurable national development targets.",
                    "Aligns performance across agencies for national results.",
                    "Accounts for results to the public openly.",
                ],
            ),
        ],
    },
    "M.05": {
        "definition": (
            "Melayani masyarakat dengan tulus, adil, cepat dan tepat sesuai standar "
            "pelayanan, serta terus memperbaiki mutu layanan."
        ),
        "definition_en": (
            "Serves the public sincerely, fairly, quickly and accurately to the service "
            "standards, and keeps improving the quality of service."
        ),
        "levels": [
            (
                "Memberikan layanan yang ramah, adil dan sesuai standar pelayanan.",
                "Gives friendly, fair service that meets the service standards.",
                [
                    "Melayani setiap orang dengan sikap yang sama tanpa membeda-bedakan.",
                    "Memberikan informasi layanan yang benar dan lengkap.",
                    "Menyelesaikan layanan sesuai waktu yang dijanjikan.",
                ],
                [
                    "Treats every person alike, without discrimination.",
                    "Gives correct and complete information about the service.",
                    "Delivers the service within the promised time.",
                ],
            ),
            (
                "Memahami kebutuhan penerima layanan dan menjaga mutu layanan timnya.",
                "Understands the service users' needs and keeps up the team's service quality.",
                [
                    "Menggali kebutuhan dan keluhan penerima layanan.",
                    "Menindaklanjuti keluhan sampai tuntas.",
                    "Mengingatkan rekan agar mematuhi standar pelayanan.",
                ],
                [
                    "Finds out the users' needs and complaints.",
                    "Follows complaints through to resolution.",
                    "Reminds colleagues to keep to the service standards.",
                ],
            ),
            (
                "Memperbaiki proses layanan di unitnya berdasarkan umpan balik masyarakat.",
                "Improves the unit's service processes from public feedback.",
                [
                    "Mengukur kepuasan masyarakat dan menganalisis hasilnya.",
                    "Menyederhanakan prosedur yang menghambat layanan.",
                    "Memastikan layanan unitnya bebas dari pungutan tidak sah.",
                ],
                [
                    "Measures public satisfaction and analyses the results.",
                    "Simplifies procedures that slow the service down.",
                    "Makes sure the unit's service is free of illegal charges.",
                ],
            ),
            (
                "Membangun budaya dan sistem pelayanan publik yang unggul di instansinya.",
                "Builds an excellent public service culture and system in the institution.",
                [
                    "Menetapkan standar pelayanan instansi bersama masyarakat.",
                    "Mendorong inovasi dan layanan digital yang memudahkan masyarakat.",
                    "Menjadikan mutu layanan bagian dari penilaian kinerja instansi.",
                ],
                [
                    "Sets the institution's service standards together with the public.",
                    "Promotes innovation and digital services that make life easier.",
                    "Makes service quality part of the institution's performance review.",
                ],
            ),
            (
                "Merumuskan kebijakan pelayanan publik yang berdampak pada tingkat nasional.",
                "Shapes public service policy with national impact.",
                [
                    "Menyusun kebijakan yang meningkatkan mutu pelayanan di seluruh negeri.",
                    "Menyelaraskan standar pelayanan antarlembaga.",
                    "Mengarahkan reformasi pelayanan berdasarkan kepentingan masyarakat.",
                ],
                [
                    "Frames policies that raise service quality across the country.",
                    "Aligns service standards between agencies.",
                    "Directs service reform by the public's interest.",
                ],
            ),
        ],
    },
    "M.06": {
        "definition": (
            "Meningkatkan pengetahuan dan kemampuan diri sendiri dan orang lain secara "
            "terus-menerus untuk mendukung kinerja dan karier."
        ),
        "definition_en": (
            "Continually improves one's own and others' knowledge and abilities to support "
            "performance and careers."
        ),
        "levels": [
            (
                "Mengembangkan kemampuan dirinya sesuai tuntutan pekerjaan.",
                "Develops their own abilities to the demands of the job.",
                [
                    "Mengenali kekuatan dan kelemahannya sendiri.",
                    "Mengikuti pembelajaran untuk menutup kesenjangan kompetensinya.",
                    "Menerapkan hal yang dipelajari dalam pekerjaan.",
                ],
                [
                    "Knows their own strengths and weaknesses.",
                    "Takes up learning to close their competency gaps.",
                    "Applies what they learned at work.",
                ],
            ),
            (
                "Berbagi pengetahuan dan membantu rekan dalam tim untuk berkembang.",
                "Shares knowledge and helps colleagues in the team to grow.",
                [
                    "Membagikan pengetahuan dan pengalaman kepada rekan.",
                    "Memberi umpan balik yang membangun.",
                    "Membimbing pegawai baru memahami pekerjaannya.",
                ],
                [
                    "Shares knowledge and experience with colleagues.",
                    "Gives constructive feedback.",
                    "Guides new staff into their work.",
                ],
            ),
            (
                "Merencanakan dan mendukung pengembangan kompetensi anggota unitnya.",
                "Plans and supports the development of the unit members' competencies.",
                [
                    "Menyusun rencana pengembangan berdasarkan kesenjangan kompetensi.",
                    "Memberi penugasan yang menantang sebagai sarana belajar.",
                    "Melakukan coaching dan mentoring secara berkala.",
                ],
                [
                    "Draws up development plans from competency gaps.",
                    "Gives stretching assignments as a way to learn.",
                    "Coaches and mentors regularly.",
                ],
            ),
            (
                "Membangun sistem dan budaya belajar di instansinya.",
                "Builds a learning system and culture in the institution.",
                [
                    "Menetapkan kebijakan pengembangan kompetensi instansi.",
                    "Menyiapkan kader pimpinan melalui manajemen talenta.",
                    "Mengalokasikan sumber daya untuk pembelajaran yang berdampak.",
                ],
                [
                    "Sets the institution's competency development policy.",
                    "Prepares future leaders through talent management.",
                    "Allocates resources to learning that makes a difference.",
                ],
            ),
            (
                "Mengarahkan pengembangan kapasitas aparatur pada tingkat nasional.",
                "Directs the development of civil servants' capacity at the national level.",
                [
                    "Merumuskan kebijakan nasional pengembangan kompetensi aparatur.",
                    "Mendorong pertukaran pengetahuan antarlembaga.",
                    "Menjadi mentor bagi pimpinan lintas instansi.",
                ],
                [
                    "Frames national policy on civil servants' development.",
                    "Promotes the exchange of knowledge between agencies.",
                    "Mentors leaders across institutions.",
                ],
            ),
        ],
    },
    "M.07": {
        "definition": (
            "Menyesuaikan diri dan menggerakkan orang lain menghadapi perubahan, serta "
            "mengelola perubahan agar sasarannya tercapai."
        ),
        "definition_en": (
            "Adapts and moves others to face change, and manages change so that it reaches "
            "its aims."
        ),
        "levels": [
            (
                "Menyesuaikan cara kerjanya dengan perubahan yang terjadi.",
                "Adapts their way of working to the changes that happen.",
                [
                    "Memahami alasan dan tujuan perubahan.",
                    "Mempelajari cara kerja, aturan atau sistem yang baru.",
                    "Tetap produktif selama masa perubahan.",
                ],
                [
                    "Understands the reasons and aims of a change.",
                    "Learns the new ways of working, rules or systems.",
                    "Stays productive during the change.",
                ],
            ),
            (
                "Mendukung perubahan dan membantu timnya menyesuaikan diri.",
                "Supports change and helps the team adjust.",
                [
                    "Menyampaikan manfaat perubahan kepada rekan.",
                    "Membantu rekan yang kesulitan beradaptasi.",
                    "Mengusulkan perbaikan untuk memperlancar perubahan.",
                ],
                [
                    "Explains the benefits of the change to colleagues.",
                    "Helps colleagues who struggle to adapt.",
                    "Suggests improvements that ease the change.",
                ],
            ),
            (
                "Memimpin pelaksanaan perubahan di unitnya.",
                "Leads the carrying out of change in the unit.",
                [
                    "Menyusun langkah-langkah perubahan dan jadwalnya.",
                    "Mengelola penolakan terhadap perubahan secara bijak.",
                    "Memantau dampak perubahan dan menyesuaikan rencananya.",
                ],
                [
                    "Lays out the steps of the change and their schedule.",
                    "Handles resistance to change wisely.",
                    "Monitors the effects of the change and adjusts the plan.",
                ],
            ),
            (
                "Merancang dan menggerakkan perubahan strategis di instansinya.",
                "Designs and drives strategic change in the institution.",
                [
                    "Merumuskan agenda perubahan instansi yang selaras dengan reformasi birokrasi.",
                    "Membangun dukungan pemangku kepentingan terhadap perubahan.",
                    "Menyiapkan sumber daya dan sistem untuk menopang perubahan.",
                ],
                [
                    "Frames the institution's change agenda in line with bureaucratic reform.",
                    "Builds stakeholders' support for the change.",
                    "Provides the resources and systems that sustain the change.",
                ],
            ),
            (
                "Memimpin perubahan pemerintahan yang berdampak pada tingkat nasional.",
                "Leads changes in government with national impact.",
                [
                    "Menggagas perubahan kebijakan dan kelembagaan berskala nasional.",
                    "Mengantisipasi perubahan lingkungan strategis global.",
                    "Membangun komitmen bersama antarlembaga untuk perubahan.",
                ],
                [
                    "Initiates national changes in policy and institutions.",
                    "Anticipates changes in the global strategic environment.",
                    "Builds shared commitment to change between agencies.",
                ],
            ),
        ],
    },
    "M.08": {
        "definition": (
            "Mengambil keputusan yang tepat dan tepat waktu berdasarkan informasi yang "
            "cukup, dengan mempertimbangkan risiko dan akibatnya, serta "
            "mempertanggungjawabkannya."
        ),
        "definition_en": (
            "Takes sound, timely decisions on sufficient information, weighing risks and "
            "consequences, and answers for them."
        ),
        "levels": [
            (
                "Mengambil keputusan sederhana dalam lingkup tugasnya berdasarkan aturan dan "
                "informasi yang tersedia.",
                "Takes simple decisions within their tasks on the rules and information at hand.",
                [
                    "Mengumpulkan informasi sebelum memutuskan.",
                    "Memilih tindakan sesuai prosedur yang berlaku.",
                    "Menyampaikan persoalan di luar kewenangannya kepada atasan.",
                ],
                [
                    "Gathers information before deciding.",
                    "Chooses actions by the procedures in force.",
                    "Refers matters beyond their authority to their superior.",
                ],
            ),
            (
                "Menganalisis masalah dan memilih alternatif terbaik bagi pekerjaan timnya.",
                "Analyses problems and chooses the best option for the team's work.",
                [
                    "Membandingkan beberapa alternatif beserta untung ruginya.",
                    "Melibatkan anggota tim dalam memahami masalah.",
                    "Memutuskan tepat waktu agar pekerjaan tidak tertunda.",
                ],
                [
                    "Compares several options with their pros and cons.",
                    "Involves the team in understanding the problem.",
                    "Decides in time so the work is not held up.",
                ],
            ),
            (
                "Mengambil keputusan yang berdampak pada unitnya dengan menimbang risiko dan "
                "kepentingan pihak terkait.",
                "Takes decisions that affect the unit, weighing risks and the interests of those "
                "concerned.",
                [
                    "Menggunakan data dan analisis risiko sebagai dasar keputusan.",
                    "Mempertimbangkan dampak keputusan bagi unit lain.",
                    "Menjelaskan dasar keputusan kepada pihak yang terdampak.",
                ],
                [
                    "Bases decisions on data and risk analysis.",
                    "Considers the effects of a decision on other units.",
                    "Explains the grounds of the decision to those affected.",
                ],
            ),
            (
                "Mengambil keputusan strategis bagi instansinya dalam situasi yang kompleks "
                "dan tidak pasti.",
                "Takes strategic decisions for the institution in complex, uncertain situations.",
                [
                    "Memutuskan dengan informasi yang tidak lengkap tanpa menunda.",
                    "Menyeimbangkan kepentingan jangka pendek dan jangka panjang.",
                    "Bertanggung jawab atas akibat keputusannya.",
                ],
                [
                    "Decides on incomplete information without delay.",
                    "Balances short- and long-term interests.",
                    "Takes responsibility for the consequences of their decisions.",
                ],
            ),
            (
                "Mengambil keputusan yang menentukan arah kebijakan pada tingkat nasional.",
                "Takes decisions that set the direction of policy at the national level.",
                [
                    "Memutuskan isu strategis yang berdampak luas bagi masyarakat.",
                    "Mempertimbangkan kepentingan lintas sektor dan lintas daerah.",
                    "Mempertahankan keputusan yang tepat di bawah tekanan publik.",
                ],
                [
                    "Decides strategic issues with broad effects on society.",
                    "Weighs interests across sectors and regions.",
                    "Stands by sound decisions under public pressure.",
                ],
            ),
        ],
    },
    "S.01": {
        "definition": (
            "Mempromosikan sikap toleransi, keterbukaan dan peka terhadap perbedaan "
            "individu dan kelompok masyarakat; mampu menjadi perpanjangan tangan pemerintah "
            "dalam mempersatukan masyarakat dan membangun hubungan sosial yang harmonis."
        ),
        "definition_en": (
            "Promotes tolerance, openness and sensitivity to differences between people and "
            "communities; acts for the government in uniting society and building harmonious "
            "social relations."
        ),
        "levels": [
            (
                "Peka dan menghargai perbedaan latar belakang, agama, suku dan budaya dalam "
                "pekerjaannya.",
                "Is sensitive to and respects differences of background, religion, ethnicity "
                "and culture in their work.",
                [
                    "Bersikap santun kepada semua orang tanpa membedakan latar belakang.",
                    "Menghindari ucapan dan tindakan yang menyinggung kelompok lain.",
                    "Mau belajar tentang budaya yang berbeda dari budayanya.",
                ],
                [
                    "Is courteous to everyone regardless of background.",
                    "Avoids words and acts that offend other groups.",
                    "Is willing to learn about cultures other than their own.",
                ],
            ),
            (
                "Membangun hubungan yang harmonis di tengah keberagaman dalam tim kerjanya.",
                "Builds harmonious relations amid diversity within the team.",
                [
                    "Melibatkan rekan dari berbagai latar belakang secara setara.",
                    "Menengahi kesalahpahaman yang bersumber dari perbedaan budaya.",
                    "Menjadikan keberagaman sebagai kekuatan tim.",
                ],
                [
                    "Involves colleagues of all backgrounds as equals.",
                    "Mediates misunderstandings that arise from cultural differences.",
                    "Turns diversity into a strength of the team.",
                ],
            ),
            (
                "Mengelola keberagaman di unitnya dan mencegah konflik yang bersumber dari "
                "perbedaan.",
                "Manages diversity in the unit and prevents conflicts that arise from differences.",
                [
                    "Menerapkan kebijakan unit yang adil bagi semua kelompok.",
                    "Mengenali potensi konflik sosial sejak dini dan menanganinya.",
                    "Melayani masyarakat yang beragam tanpa diskriminasi.",
                ],
                [
                    "Applies unit policies that are fair to every group.",
                    "Spots potential social conflict early and deals with it.",
                    "Serves a diverse public without discrimination.",
                ],
            ),
            (
                "Menjadikan instansinya perekat persatuan di tengah masyarakat yang beragam.",
                "Makes the institution a binding force for unity in a diverse society.",
                [
                    "Merumuskan kebijakan instansi yang memperkuat kohesi sosial.",
                    "Membangun dialog dengan tokoh masyarakat, agama dan adat.",
                    "Menyelesaikan konflik sosial di wilayah kerjanya secara damai.",
                ],
                [
                    "Frames institutional policies that strengthen social cohesion.",
                    "Builds dialogue with community, religious and customary leaders.",
                    "Settles social conflicts in its area peacefully.",
                ],
            ),
            (
                "Menjadi perekat bangsa yang menjaga persatuan pada tingkat nasional.",
                "Binds the nation together and safeguards its unity at the national level.",
                [
                    "Merumuskan kebijakan nasional yang menjaga kebinekaan.",
                    "Menjadi teladan toleransi dan persatuan bagi masyarakat luas.",
                    "Memimpin penyelesaian konflik sosial berskala nasional.",
                ],
                [
                    "Frames national policies that protect the country's diversity.",
                    "Is an example of tolerance and unity to the public at large.",
                    "Leads the resolution of social conflicts of national scale.",
                ],
            ),
        ],
    },
    "P.01": {
        "definition": (
            "Memahami dan menerapkan urusan pemerintahan, peraturan perundang-undangan dan "
            "tata kelola pemerintahan daerah dalam penyelenggaraan tugas jabatan, terutama "
            "jabatan yang melaksanakan urusan pemerintahan umum dan kewilayahan."
        ),
        "definition_en": (
            "Understands and applies government affairs, legislation and regional "
            "governance in the duties of the position, especially positions that carry out "
            "general and territorial government affairs."
        ),
        "levels": [
            (
                "Memahami urusan pemerintahan dan aturan yang berkaitan dengan tugasnya.",
                "Understands the government affairs and rules that concern their tasks.",
                [
                    "Menjelaskan pembagian urusan pemerintahan pusat dan daerah yang terkait tugasnya.",
                    "Menerapkan peraturan yang berlaku dalam pekerjaan sehari-hari.",
                    "Mencari rujukan peraturan sebelum bertindak.",
                ],
                [
                    "Explains the division of central and regional affairs that concerns their work.",
                    "Applies the regulations in force in daily work.",
                    "Looks up the relevant regulation before acting.",
                ],
            ),
            (
                "Menerapkan tata kelola pemerintahan dalam pekerjaan timnya.",
                "Applies good governance in the team's work.",
                [
                    "Menjalankan prosedur administrasi pemerintahan dengan tertib.",
                    "Mengoordinasikan pelaksanaan tugas dengan perangkat daerah terkait.",
                    "Menjelaskan ketentuan pemerintahan kepada masyarakat yang dilayani.",
                ],
                [
                    "Runs government administrative procedures in good order.",
                    "Coordinates tasks with the regional agencies concerned.",
                    "Explains government rules to the public being served.",
                ],
            ),
            (
                "Menyelenggarakan urusan pemerintahan di unit atau wilayahnya sesuai kewenangan.",
                "Carries out government affairs in the unit or area within its authority.",
                [
                    "Mengoordinasikan kegiatan pemerintahan umum di wilayahnya.",
                    "Menyelesaikan masalah pemerintahan dengan dasar hukum yang tepat.",
                    "Membina ketenteraman dan ketertiban masyarakat bersama pihak terkait.",
                ],
                [
                    "Coordinates general government activities in the area.",
                    "Solves government problems on the proper legal basis.",
                    "Maintains public peace and order with the parties concerned.",
                ],
            ),
            (
                "Merumuskan kebijakan pemerintahan instansinya yang selaras dengan kebijakan "
                "nasional.",
                "Frames the institution's government policies in line with national policy.",
                [
                    "Menyusun kebijakan daerah yang sesuai dengan peraturan di atasnya.",
                    "Menyelaraskan program instansi dengan prioritas nasional.",
                    "Membina dan mengawasi penyelenggaraan pemerintahan di bawahnya.",
                ],
                [
                    "Drafts regional policies consistent with higher regulations.",
                    "Aligns the institution's programmes with national priorities.",
                    "Guides and supervises the government bodies under it.",
                ],
            ),
            (
                "Merumuskan kebijakan penyelenggaraan pemerintahan pada tingkat nasional.",
                "Frames policy on the conduct of government at the national level.",
                [
                    "Merancang pembagian urusan dan hubungan pusat–daerah.",
                    "Menilai dampak kebijakan pemerintahan bagi seluruh daerah.",
                    "Memimpin harmonisasi peraturan lintas sektor.",
                ],
                [
                    "Designs the division of affairs and central–regional relations.",
                    "Assesses the effect of government policies on every region.",
                    "Leads the harmonisation of regulations across sectors.",
                ],
            ),
        ],
    },
}


def _levels(code: str) -> list[dict[str, object]]:
    rows: list[tuple[str, str, list[str], list[str]]] = _TEXTS[code]["levels"]  # type: ignore[assignment]
    return [
        {
            "level": i + 1,
            "description": description,
            "description_en": description_en,
            "indicators": list(indicators),
            "indicators_en": list(indicators_en),
        }
        for i, (description, description_en, indicators, indicators_en) in enumerate(rows)
    ]


COMPETENCIES: list[dict[str, object]] = [
    {"code": "M.01", "kind": "managerial", "name": "Integritas", "name_en": "Integrity"},
    {"code": "M.02", "kind": "managerial", "name": "Kerjasama", "name_en": "Cooperation"},
    {"code": "M.03", "kind": "managerial", "name": "Komunikasi", "name_en": "Communication"},
    {
        "code": "M.04",
        "kind": "managerial",
        "name": "Orientasi pada Hasil",
        "name_en": "Results orientation",
    },
    {"code": "M.05", "kind": "managerial", "name": "Pelayanan Publik", "name_en": "Public service"},
    {
        "code": "M.06",
        "kind": "managerial",
        "name": "Pengembangan Diri dan Orang Lain",
        "name_en": "Developing oneself and others",
    },
    {
        "code": "M.07",
        "kind": "managerial",
        "name": "Mengelola Perubahan",
        "name_en": "Managing change",
    },
    {
        "code": "M.08",
        "kind": "managerial",
        "name": "Pengambilan Keputusan",
        "name_en": "Decision making",
    },
    {"code": "S.01", "kind": "sociocultural", "name": "Perekat Bangsa", "name_en": "Nation binder"},
    {
        "code": "P.01",
        "kind": "government",
        "name": "Kompetensi Pemerintahan",
        "name_en": "Government competency",
    },
]
for _order, _entry in enumerate(COMPETENCIES):
    _code = str(_entry["code"])
    _entry.setdefault("definition", _TEXTS[_code]["definition"])
    _entry.setdefault("definition_en", _TEXTS[_code]["definition_en"])
    _entry.setdefault("order", _order + 1)
    _entry.setdefault("levels", _levels(_code))

# code, name, name_en, rank, valid_months, is_self
METHODS: list[tuple[str, str, str, int, int | None, bool]] = [
    ("assessment-centre", "Assessment center", "Assessment centre", 5, 36, False),
    ("competency-test", "Uji kompetensi", "Competency test", 4, 36, False),
    ("certification", "Hasil sertifikasi", "Certification result", 4, 36, False),
    ("360", "Penilaian 360°", "360° assessment", 3, 24, False),
    ("supervisor", "Penilaian atasan", "Supervisor's assessment", 2, 12, False),
    ("self", "Penilaian diri", "Self-assessment", 1, 12, True),
]

# Default required levels per tier, for every managerial and socio-cultural entry
# (not confirmed by a primary text: editable defaults, DOMAIN.md).
TIER_LEVELS: dict[str, int] = {
    "jpt_utama": 5,
    "jpt_madya": 5,
    "jpt_pratama": 4,
    "administrator": 3,
    "pengawas": 2,
    "pelaksana": 1,
    "ahli_utama": 4,
    "ahli_madya": 3,
    "ahli_muda": 2,
    "ahli_pertama": 1,
    "penyelia": 2,
    "mahir": 1,
    "terampil": 1,
    "pemula": 1,
}
DEFAULT_CODES = ("M.01", "M.02", "M.03", "M.04", "M.05", "M.06", "M.07", "M.08", "S.01")
