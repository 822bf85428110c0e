"""Near-duplicate (wire copy) detection: pure logic, no Kafka. See docs/neardup.md."""
