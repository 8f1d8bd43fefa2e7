"""Geometry for horizontal bar charts that templates draw as inline SVG (no chart library).

All sizes are in viewBox units; the SVG scales to its container, so the chart stays
readable on a phone. Colours and fonts come from classes in static/css/staff.css.
"""

from dataclasses import dataclass, field

# Narrow on purpose: on a phone the chart is drawn about 360px wide, so 16-unit text stays legible.
WIDTH = 400
VALUE_WIDTH = 112
BAR_HEIGHT = 20
BAR_GAP = 6
TITLE_HEIGHT = 28
GROUP_GAP = 12
GAP = 6


@dataclass
class Bar:
    label: str
    count: int
    total: int
    css_class: str
    y: int = 0
    width: float = 0

    @property
    def percent(self):
        return round(100 * self.count / self.total) if self.total else 0

    @property
    def text(self):
        return f"{self.percent}% ({self.count}/{self.total})"

    @property
    def svg_width(self):
        # Formatted here: a float in a template would be localised.
        return f"{self.width:.1f}"

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT - 4


@dataclass
class Group:
    title: str
    bars: list
    title_y: int = 0


@dataclass
class Chart:
    groups: list
    label_width: int
    height: int = 0
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT
    bar_x: int = field(init=False)
    bar_max: int = field(init=False)
    value_x: int = field(init=False)

    def __post_init__(self):
        self.bar_x = self.label_width + GAP
        self.bar_max = self.width - self.bar_x - VALUE_WIDTH
        self.value_x = self.bar_x + self.bar_max + GAP
        y = 0
        for group in self.groups:
            if group.title:
                group.title_y = y + TITLE_HEIGHT - 8
                y += TITLE_HEIGHT
            for bar in group.bars:
                bar.y = y
                bar.width = round(self.bar_max * bar.count / bar.total, 1) if bar.total else 0
                y += BAR_HEIGHT + BAR_GAP
            y += GROUP_GAP
        self.height = y

    @property
    def label_x(self):
        return self.label_width


REGION_CLASSES = {"区部": "bar-wards", "多摩": "bar-tama", "島しょ": "bar-islands"}


def coverage_chart(coverage_by_region):
    """Each check's share of municipalities meeting it, one bar per region."""
    return Chart(
        groups=[
            Group(
                check.label,
                [
                    Bar(region.label, met, total, REGION_CLASSES[region])
                    for region, met, total in cells
                ],
            )
            for check, cells in coverage_by_region
        ],
        label_width=56,
    )


def methods_chart(methods_offered, total):
    """How many of `total` municipalities offer each method through a published window."""
    return Chart(
        groups=[
            Group(
                "",
                [
                    Bar(method.label, count, total, "bar-method")
                    for method, count in methods_offered
                ],
            )
        ],
        label_width=84,
    )
