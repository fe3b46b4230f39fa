"""Background tasks of the register (django-tasks; worker: ``tangguh db_worker``)."""

from django_tasks import task


@task()
def import_job_run(job_id: int) -> None:
    """Run one queued import job: in a child process with a memory and time budget
    (``job_runner.py``); progress, result, problems and report are stored on the job."""
    from .services_import_run import import_job_execute

    import_job_execute(job_id=job_id)
