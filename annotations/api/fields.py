"""Serializer fields that take a JSON string only: DRF's own turn a number into its digits, so
`{"guidelines": 6.07e16}` would be stored as text instead of refused. Every serializer of the API
uses these (and `ModelSerializer`, which maps the models' text columns to them)."""

from django.db import models
from rest_framework import serializers


class StrictStringMixin:
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class CharField(StrictStringMixin, serializers.CharField):
    """A JSON string, not a number or a boolean turned into one."""


class SlugField(StrictStringMixin, serializers.SlugField):
    pass


class EmailField(StrictStringMixin, serializers.EmailField):
    pass


class ModelSerializer(serializers.ModelSerializer):
    """DRF's, with the models' text columns read by the strict fields above."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: CharField,
        models.TextField: CharField,
        models.SlugField: SlugField,
        models.EmailField: EmailField,
    }
