"""Help lines and the public services of each ward: what residents read, what the city admin keeps."""
from flask import Blueprint

bp = Blueprint("directory", __name__)
