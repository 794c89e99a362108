"""The demo source: a deterministic epidemic written as the publishers' own raw files.

``write_demo_sources(directory, end, days=1000, seed=2020)`` writes into a flat directory,
under the published file names and in the published layouts (separators, header names and
order, date formats, line ends, decimal commas, empty cells and ``NA``), one file per feed
covering the ``days`` days that end on ``end`` (inclusive), so that the very readers that
parse the real files parse these:

- ``COVID-19_aantallen_gemeente_cumulatief.csv`` (RIVM): per report day 355 municipalities
  and 12 "unknown municipality" province rows; cumulative positives, hospital admissions
  and deaths, with occasional negative corrections.
- ``COVID-19_casus_landelijk.csv`` (RIVM): one row per case. To keep the file small it holds
  only the cases *reported* in the last 28 days of the window (their ``Date_statistics``
  is up to two weeks earlier); their number equals the national new reports of those days.
- ``new-intake.json`` and ``zkh-new-intake.json`` (NICE, ICU and wards): proven and
  suspected new patients per day; the last three days are incomplete (NICE back-fills).
- ``covid-19.csv`` (LCPS): beds occupied and new admissions, newest day first.
- ``COVID-19_rioolwaterdata.csv`` (RIVM, 2021 layout): each of the 327 plants once or twice
  a week (some weeks skipped); ``RNA_per_ml`` before 2020-09-07, ``RNA_flow_per_100000``
  from then on, as in the real file.
- ``COVID-19_uitgevoerde_testen.csv`` (RIVM, Version 2): GGD tests and positives per
  safety region per day, plus an "Onbekend" row per day; from 2020-06-01, when the GGDs
  started testing everyone.
- ``COVID-19_reproductiegetal.json`` and ``COVID-19_prevalentie.json`` (RIVM): daily
  estimates with bounds; the last 14 (R) and 7 (prevalence) records lack the central value.
- ``Nivel-verdenkingen-COVID-19.txt`` (Nivel): GP consultations per complete ISO week.
- Six RIVM nursing-home files, named with ``end`` at 10:00 (``..._YYYYMMDD_1000.csv``):
  infected residents, deceased residents (with the ``1900-01-01`` row for deaths of
  unknown date) and infected locations, national and per safety region (+ "Onbekend");
  each national file is the sum of its regional file.

The epidemic lives on a fixed calendar that starts on 2020-02-27 (the first Dutch case):
a latent number of infections per municipality per day, made of waves (hand-made ones that
follow 2020-2022, then seasonal waves drawn per year), a seasonal baseline, per-municipality
scale, timing and intensity per wave, and local outbreaks. Everything observed derives
from it: reports (fewer on Sundays and Mondays, negative-binomial noise, a low testing rate
before June 2020), hospital, ICU and death counts as lagged fractions, beds as admissions
times length of stay, virus in sewage, GGD tests, R from the latent growth rate, and so on.

Determinism: every random draw comes from a numpy Generator seeded with ``(seed, stream)``
(or ``(seed, stream, year or day)``) that draws one array over the whole calendar, days
first, so a value for a date never depends on ``end``; a later ``end`` only appends.
What does change with ``end``: timestamps naming the file (``Date_file``,
``Date_of_report`` of the GGD file, the nursing-home file names), the NICE days still
being back-filled (last three), the R and prevalence records without a central value and
their widening bounds (last 14 / 7), outcomes of recent cases in the case file (a
hospitalisation or death after ``end`` is not known yet) and the count of nursing-home
deaths of unknown date.

The window never starts before 2020-02-27, and ``end`` must be on or after 2020-06-14 so
that every feed (sewage from 2020-03-30, GGD tests from 2020-06-01) has rows.

Quirks kept from the real files: LCPS dates are not zero-padded before June 2020 and its
columns are empty before they were collected (2020-04-18, 2020-10-17); two days a year hold
``NA`` in every LCPS column (like 19-20 June 2021); RIVM's own spelling of region names
("Noord-Holland-Noord", "Limburg-Zuid") and "Friesland" as a province.

Deviations: no real case file was available, so its line ends (CRLF, no BOM) follow the
other RIVM files of 2020 and the GGD names follow RIVM's list; the unknown-municipality
cases of a province are attributed to the GGD of its first safety region. GGD tests, R and
prevalence run up to ``end`` (the real files stop two days to three weeks earlier). Not
written: ``COVID-19_aantallen_gemeente_per_dag.csv`` and ``COVID-19_ic_opnames.json``.

The modules: ``calendar``, ``areas`` and ``streams`` (the fixed calendar, the places as arrays,
the random streams); ``latent`` and ``epidemic`` (the latent infections and the reports that
follow from them; ``parameters`` holds what several files share); one writer per source family
(``cumulative``, ``cases``, ``nice``, ``lcps``, ``sewage``, ``ggd_tests``, ``estimates``,
``nivel``, ``nursing_homes``), each taking its file name, header and value lists from the
reader of that family in ``dashapp.data.sources``, and ``text`` to write the bytes; ``files``
lays out the directory.
"""

from dashapp.data.demo.files import write_demo_sources

__all__ = ["write_demo_sources"]
