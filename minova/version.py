"""The release string every service reports."""

VERSION = '0.1.0'
