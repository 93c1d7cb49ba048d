from django.db import migrations, models


def first_row(apps, schema_editor):
    apps.get_model("registry", "DataVersion").objects.get_or_create(id=1)


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0004_report_texts_and_rounds"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("n", models.BigIntegerField(default=0, help_text="Write transactions so far.")),
            ],
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
