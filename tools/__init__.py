"""Pure helpers with no ORM dependency, unit-tested without a database."""
