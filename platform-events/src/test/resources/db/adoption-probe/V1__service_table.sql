-- Stands for a service's own V1, applied before the service adopted platform-events.
CREATE TABLE service_table (id BIGINT PRIMARY KEY);
