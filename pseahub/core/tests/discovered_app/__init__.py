"""A stand-in app for the discovery tests: any installed app's periodic.py and demo.py are found."""
