"""Refold every window's search_text now that search_key also folds spelling variants.

引きこもり, 引籠り, hikikomori ... now fold to ひきこもり, 青ヶ島 to 青ケ島 and 桧 to 檜, in queries
and in stored text alike (municipalities/spellings.py). Saved windows pick it up on their next
save; this brings the stored ones in step at once. The parts are spelled out here, as
ConsultationWindow.build_search_text has them today, so the migration keeps working on the
historical models whatever the model method becomes.
"""

from django.db import migrations

from municipalities.normalize import search_key


def refold(apps, schema_editor):
    ConsultationWindow = apps.get_model("consultations", "ConsultationWindow")
    changed = []
    for window in ConsultationWindow.objects.select_related("municipality"):
        municipality = window.municipality
        parts = [
            municipality.name,
            municipality.name_kana,
            municipality.name_en,
            window.name,
            window.department,
            window.operator,
        ]
        text = " ".join(search_key(part) for part in parts if part)
        if text != window.search_text:
            window.search_text = text
            changed.append(window)
    ConsultationWindow.objects.bulk_update(changed, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("consultations", "0006_merge_hours_and_review")]

    # Going back keeps the refolded text: older code reads it too, only without the variants.
    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
