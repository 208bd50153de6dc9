from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_messages_and_delivery_attempts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="message",
            name="channel",
            field=models.CharField(
                choices=[("email", "Thư điện tử"), ("sms", "Tin nhắn SMS"), ("zalo", "Zalo")],
                max_length=16,
                verbose_name="kênh",
            ),
        ),
        migrations.AlterField(
            model_name="message",
            name="provider_message_id",
            field=models.CharField(blank=True, max_length=255, verbose_name="mã tin phía nhà cung cấp"),
        ),
    ]
