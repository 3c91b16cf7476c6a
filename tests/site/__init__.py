"""The whole site as people and attackers meet it: every page, browsers, servers, load."""
