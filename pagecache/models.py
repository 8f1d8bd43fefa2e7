from django.db import models


class DataVersion(models.Model):
    """One row whose counter moves on every change to data that public pages show.

    It lives in the database, not in a cache, so that the bump commits in the same transaction
    as the change it records: a reader that sees the new number also sees the new data, on every
    worker and every instance. Reading it is one primary-key lookup per public request.
    """

    ROW_ID = 1

    version = models.BigIntegerField("版", default=0)
    # Microseconds since the epoch: read raw on every request, the same type on every database.
    changed_us = models.BigIntegerField("最終変更（UNIX 時刻・マイクロ秒）", default=0)

    class Meta:
        verbose_name = "公開データの版"
        verbose_name_plural = "公開データの版"
        ordering = ["pk"]

    def __str__(self):
        return f"v{self.version}"
