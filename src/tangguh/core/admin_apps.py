"""django.contrib.admin with a site that admits superusers only (see admin_site.py).

Its own module: an apps module may declare only one default AppConfig.
"""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "tangguh.core.admin_site.SuperuserAdminSite"
