"""Two roles for admissions: the applicant and the admissions tutor."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = (("people", "0003_token_expiry_and_revocation"),)

    operations = (
        migrations.AlterField(
            model_name="account",
            name="role",
            field=models.CharField(
                choices=[
                    ("student", "Student"),
                    ("programme_lead", "Programme lead"),
                    ("module_leader", "Module leader"),
                    ("project_supervisor", "Project supervisor"),
                    ("administrator", "Programme administrator"),
                    ("exam_board", "Exam-board member"),
                    ("external_examiner", "External examiner"),
                    ("applicant", "Applicant"),
                    ("admissions_tutor", "Admissions tutor"),
                ],
                max_length=32,
            ),
        ),
    )
