"""Residents' online requests for help, and the ward officers' intake of them."""
from flask import Blueprint

bp = Blueprint("help", __name__)
