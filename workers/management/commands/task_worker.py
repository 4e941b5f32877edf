from django.core.management.base import BaseCommand

from workers.worker import TaskWorker


class Command(BaseCommand):
    help = (
        "Run background jobs until stopped: jobs of dead workers are run again, database outages "
        "are waited out, SIGTERM stops after the current job. Run one or more under a supervisor."
    )

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="default", help="comma-separated, or '*'")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
        parser.add_argument("--batch", action="store_true", help="run what is ready, then exit")
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--backend", default="default")

    def handle(self, *, queue_name, interval, batch, max_tasks, backend, verbosity, **options):
        worker = TaskWorker(
            backend_name=backend,
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            max_tasks=max_tasks,
        )
        worker.install_signal_handlers()
        worker.run()
