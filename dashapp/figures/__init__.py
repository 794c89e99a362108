"""Figure builders: pure functions returning Plotly figure dicts and Dash ``Patch`` objects."""
