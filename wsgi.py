"""WSGI entry point: ``gunicorn -c gunicorn.conf.py wsgi:server``."""

from dashapp.app import create_server

server = create_server()
