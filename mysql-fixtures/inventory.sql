-- Sample schema of the project: a small shop ("inventory") used by the quickstart, the
-- compose setup and integration tests, plus `type_samples`, one row per edge case of the
-- column types the connector must decode (limits, NULLs, 4-byte UTF-8, fractional seconds).
--
-- Our own data set, written for this project. Works on MariaDB 10.11 and MySQL 8.x.
-- Idempotent: the database is dropped and recreated on every load.
--   mysql-fixtures/mariadb.sh client < mysql-fixtures/inventory.sql
-- No users or grants here (see mariadb.sh / compose-grants.sql).

SET NAMES utf8mb4;
SET time_zone = '+00:00';

DROP DATABASE IF EXISTS inventory;
CREATE DATABASE inventory CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
USE inventory;

CREATE TABLE customers (
  id         INT          NOT NULL AUTO_INCREMENT,
  first_name VARCHAR(255) NOT NULL,
  last_name  VARCHAR(255) NOT NULL,
  email      VARCHAR(255) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uk_customers_email (email)
) ENGINE = InnoDB AUTO_INCREMENT = 1001;

INSERT INTO customers (first_name, last_name, email) VALUES
  ('Ada',     'Okafor',    'ada.okafor@example.org'),
  ('Bruno',   'Lindqvist', 'bruno.lindqvist@example.org'),
  ('Chiara',  'Rossetti',  'chiara.rossetti@example.org'),
  ('Dmitri',  'Volkov',    'dmitri.volkov@example.org');

CREATE TABLE products (
  id          INT          NOT NULL AUTO_INCREMENT,
  name        VARCHAR(255) NOT NULL,
  description VARCHAR(512),
  weight      DECIMAL(8,3),
  PRIMARY KEY (id)
) ENGINE = InnoDB AUTO_INCREMENT = 101;

INSERT INTO products (name, description, weight) VALUES
  ('trail bicycle',    'aluminium frame, 29 inch wheels',       13.450),
  ('bicycle pump',     'floor pump with pressure gauge',         1.200),
  ('helmet',           'size M, ventilated',                     0.310),
  ('water bottle',     '750 ml, BPA free',                       0.095),
  ('saddle bag',       NULL,                                     0.240),
  ('spare tube',       '29 x 2.1, presta valve',                 0.180),
  ('chain lube',       '100 ml bottle',                          0.120),
  ('tyre lever set',   'three levers, nylon — no metal',         NULL);

CREATE TABLE orders (
  order_number INT  NOT NULL AUTO_INCREMENT,
  order_date   DATE NOT NULL,
  purchaser    INT  NOT NULL,
  quantity     INT  NOT NULL,
  product_id   INT  NOT NULL,
  PRIMARY KEY (order_number),
  KEY ix_orders_purchaser (purchaser),
  KEY ix_orders_product (product_id),
  CONSTRAINT fk_orders_customer FOREIGN KEY (purchaser) REFERENCES customers (id),
  CONSTRAINT fk_orders_product FOREIGN KEY (product_id) REFERENCES products (id)
) ENGINE = InnoDB AUTO_INCREMENT = 10001;

INSERT INTO orders (order_date, purchaser, quantity, product_id) VALUES
  ('2024-01-15', 1001, 1, 101),
  ('2024-01-17', 1002, 2, 104),
  ('2024-02-03', 1002, 1, 103),
  ('2024-02-29', 1003, 5, 106),
  ('2024-03-10', 1004, 1, 102);

CREATE TABLE addresses (
  id          INT          NOT NULL AUTO_INCREMENT,
  customer_id INT          NOT NULL,
  street      VARCHAR(255) NOT NULL,
  city        VARCHAR(255) NOT NULL,
  state       VARCHAR(255) NOT NULL,
  zip         VARCHAR(16)  NOT NULL,
  type        ENUM('SHIPPING', 'BILLING', 'LIVING') NOT NULL,
  PRIMARY KEY (id),
  KEY ix_addresses_customer (customer_id),
  CONSTRAINT fk_addresses_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
) ENGINE = InnoDB AUTO_INCREMENT = 1;

INSERT INTO addresses (customer_id, street, city, state, zip, type) VALUES
  (1001, '12 Harbour Road',      'Lagos',     'Lagos',       '101241', 'LIVING'),
  (1001, '12 Harbour Road',      'Lagos',     'Lagos',       '101241', 'SHIPPING'),
  (1002, 'Storgatan 7',          'Uppsala',   'Uppsala län', '75320',  'LIVING'),
  (1002, 'Box 118',              'Uppsala',   'Uppsala län', '75104',  'BILLING'),
  (1003, 'Via dei Mille 40',     'Torino',    'Piemonte',    '10123',  'SHIPPING'),
  (1004, 'Nevsky Prospekt 28',   'St Petersburg', 'SPb',     '191186', 'BILLING');

-- One column per type family; rows: ordinary values, minimums, maximums, all-NULL, and
-- non-ASCII text. TIMESTAMP(3) values are UTC (session time_zone is set above).
CREATE TABLE type_samples (
  id            INT                NOT NULL AUTO_INCREMENT,
  label         VARCHAR(32)        NOT NULL,
  c_tinyint     TINYINT,
  c_smallint_u  SMALLINT UNSIGNED,
  c_mediumint   MEDIUMINT,
  c_int         INT,
  c_bigint      BIGINT,
  c_bigint_u    BIGINT UNSIGNED,
  c_decimal     DECIMAL(10,2),
  c_decimal_big DECIMAL(30,10),
  c_char        CHAR(4),
  c_varchar     VARCHAR(100) CHARACTER SET utf8mb4,
  c_text        TEXT,
  c_date        DATE,
  c_datetime    DATETIME,
  c_datetime6   DATETIME(6),
  c_timestamp3  TIMESTAMP(3) NULL DEFAULT NULL,
  PRIMARY KEY (id)
) ENGINE = InnoDB;

INSERT INTO type_samples
  (label, c_tinyint, c_smallint_u, c_mediumint, c_int, c_bigint, c_bigint_u,
   c_decimal, c_decimal_big, c_char, c_varchar, c_text,
   c_date, c_datetime, c_datetime6, c_timestamp3)
VALUES
  ('ordinary', 42, 1234, 123456, 1234567, 1234567890123, 12345678901234567890,
   1234.56, 12345.6789012345, 'abcd', 'plain ascii', 'a short text',
   '2024-06-30', '2024-06-30 12:34:56', '2024-06-30 12:34:56.789012', '2024-06-30 12:34:56.789'),
  ('minimum', -128, 0, -8388608, -2147483648, -9223372036854775808, 0,
   -99999999.99, -99999999999999999999.9999999999, '', '', '',
   '1000-01-01', '1000-01-01 00:00:00', '1000-01-01 00:00:00.000000', '1970-01-01 00:00:01.000'),
  ('maximum', 127, 65535, 8388607, 2147483647, 9223372036854775807, 18446744073709551615,
   99999999.99, 99999999999999999999.9999999999, 'zzzz', REPEAT('x', 100), REPEAT('long text ', 200),
   '9999-12-31', '9999-12-31 23:59:59', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999'),
  ('nulls', NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL, NULL, NULL, NULL,
   NULL, NULL, NULL, NULL),
  ('zero', 0, 0, 0, 0, 0, 0,
   0.00, 0.0000000000, '0000', '0', '0',
   '1970-01-01', '1970-01-01 00:00:00', '1970-01-01 00:00:00.000001', '2000-01-01 00:00:00.000'),
  ('unicode', -1, 1, -1, -1, -1, 1,
   -0.01, 0.0000000001, 'äöüß', 'Grüße, 你好, Привет, 🚲🚴', 'emoji 😀 and combining é',
   '2000-02-29', '1999-12-31 23:59:59', '2000-01-01 00:00:00.500000', '2024-02-29 23:59:59.001');
