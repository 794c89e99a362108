"""The demo's calibration: what its reports, hospital figures, deaths and estimates are made of.

Fractions of the latent infections, and piecewise-linear knots over the calendar (``Calendar.knots``):
``(date, value)``, flat beyond the ends.
"""

from __future__ import annotations

from datetime import date

import numpy as np

# Reports by weekday of the report (Monday first): fewer on Sundays and Mondays.
REPORT_WEEKDAY = np.array([0.86, 1.12, 1.08, 1.04, 1.02, 0.98, 0.90])
UNKNOWN_MUNICIPALITY_SHARE = 0.009
DISPERSION = 12.0  # gamma shape of the negative-binomial noise on reports

# Fractions of latent infections, multiplied by the severity knots below.
HOSPITAL_RIVM = 0.013
HOSPITAL_NICE = 0.020
ICU_NICE = 0.0042
DEATH_RIVM = 0.0055
PREVALENCE_FACTOR = 1.6  # infectious people per latent infection of the last ten days
GENERATION_DAYS = 4.5

ASCERTAINMENT = ((date(2020, 4, 15), 0.09), (date(2020, 6, 1), 1.0))
SEVERITY = (
    (date(2020, 5, 1), 1.3),
    (date(2020, 7, 1), 1.0),
    (date(2021, 2, 1), 1.0),
    (date(2021, 7, 1), 0.55),
    (date(2022, 1, 15), 0.35),
    (date(2022, 6, 1), 0.3),
)
DEATH_SEVERITY = (
    (date(2020, 5, 1), 2.0),
    (date(2020, 7, 1), 1.0),
    (date(2021, 2, 1), 1.0),
    (date(2021, 7, 1), 0.45),
    (date(2022, 3, 1), 0.25),
)
SUSPECTED_SHARE = ((date(2020, 3, 15), 0.5), (date(2020, 5, 1), 0.15), (date(2020, 9, 1), 0.06))
BASELINE_RAMP = ((date(2020, 4, 15), 0.0), (date(2020, 7, 1), 1.0))
NURSING_INFECTION = ((date(2020, 6, 1), 2.6), (date(2021, 1, 10), 2.2), (date(2021, 3, 15), 0.8))
NURSING_FATALITY = ((date(2020, 7, 1), 0.30), (date(2021, 1, 10), 0.25), (date(2021, 4, 1), 0.1))
