-- Account the connector uses in compose.yaml (MySQL 8.4), with Debezium's documented grants.
-- Run by the mysql image's entrypoint after inventory.sql (/docker-entrypoint-initdb.d/).
CREATE USER IF NOT EXISTS 'cdc'@'%' IDENTIFIED BY 'cdc';
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'cdc'@'%';
