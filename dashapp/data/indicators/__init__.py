"""Pure indicator maths: pandas in, pandas out. No Dash, no I/O, no clock.

Conventions shared by every function here:

- a *daily wide frame* has one row per calendar day (a complete ``DatetimeIndex``, no gaps)
  and one column per area code; NaN means "no value for that area that day";
- a *weekly wide frame* has one row per week, indexed by the week's Monday (weeks run
  Monday to Sunday, as the RIVM and the original dashboard count them);
- inhabitants are a Series indexed by area code.
"""
