"""Background tasks of the register (django-tasks; worker: ``tangguh db_worker``)."""

from django_tasks import task


@task()
def import_job_run(job_id: int) -> None:
    """Run one queued import job; progress, result and problems are stored on the job."""
    from .services import import_job_execute

    import_job_execute(job_id=job_id)
