"""The admin site, whose index shows each staff member what waits for them."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models
from django.db.models.constants import LOOKUP_SEP

# Lookups that compare a column with the numbers typed; `isnull`, `contains` … take other values.
NUMBER_LOOKUPS = {"exact", "in", "gt", "gte", "lt", "lte", "range"}


def integer_column(model, lookup):
    """The integer field a list's `lookup` compares its value with, or None.

    `window_id`, `window`, `window__id__exact` and `window__in` all compare the window's id.
    """
    field, opts, rest = None, model._meta, lookup.split(LOOKUP_SEP)
    while rest:
        try:
            field = opts.pk if rest[0] == "pk" else opts.get_field(rest[0])
        except FieldDoesNotExist:
            break
        rest.pop(0)
        if field.is_relation:
            if field.related_model is None:
                return None
            opts = field.related_model._meta
    if field is None or (rest and (len(rest) > 1 or rest[0] not in NUMBER_LOOKUPS)):
        return None
    if field.is_relation:
        field = field.target_field if field.many_to_one or field.one_to_one else opts.pk
    return field if isinstance(field, models.IntegerField) else None


class RowIdChangeList(ChangeList):
    """A changelist that refuses a number no column can hold, as Django refuses a word.

    Django catches a bad lookup value (`?window_id=abc`) and redirects to `?e=1`, but a number
    beyond 64 bits passes until the query runs: SQLite raises OverflowError, a 500
    (PostgreSQL may refuse it too). Typed or pasted URLs reach every changelist, so the check
    is on the site (see StaffAdminSite.register), for Django's and django-axes' lists as well.
    """

    def get_queryset(self, request, exclude_parameters=None):
        for lookup, values in self.get_filters_params().items():
            field = integer_column(self.model, lookup)
            if field is None:
                continue
            low, high = connection.ops.integer_field_range(field.get_internal_type())
            for value in values:
                for text in value.split(","):
                    try:
                        number = int(text)
                    except ValueError:
                        continue  # Django refuses it as it always has
                    if (low is not None and number < low) or (high is not None and number > high):
                        raise IncorrectLookupParameters(f"{lookup}={text} is out of range")
        return super().get_queryset(request, exclude_parameters)


class RowIdLookups:
    def get_changelist(self, request, **kwargs):
        return RowIdChangeList


class StaffAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, RowIdLookups):
            admin_class = type(
                admin_class.__name__,
                (RowIdLookups, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def index(self, request, extra_context=None):
        # Imported here, not at the top: the admin loads this class while the apps start.
        from consultations.staff.staff_queue import index_context

        return super().index(request, {**index_context(request), **(extra_context or {})})
