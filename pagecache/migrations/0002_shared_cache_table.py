from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # settings.CACHES["default"] is Django's database cache unless REDIS_URL is set; making its
    # table here means `migrate` alone prepares a new database. Idempotent; nothing for Redis.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("pagecache", "0001_initial")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
