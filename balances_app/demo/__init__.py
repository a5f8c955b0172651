"""The demo platform ("Rocket Rides"): a separate web app that embeds the component as a platform would."""
