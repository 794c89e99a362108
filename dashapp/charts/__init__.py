"""Charts of the dashboard: which series each chart shows (specs), the numbers of one chart for one
area and time range (data), and how they become a figure, a table and a CSV file (render)."""
