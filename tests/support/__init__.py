"""What tests share: people, servers, browsers and stored data, imported as tests.support."""
