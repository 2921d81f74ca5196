-- The mysql.* grant tables as tools read them: an account's global, database and table grants
-- as rows of mysql.user, mysql.db and mysql.tables_priv, and their removal by REVOKE and DROP
-- USER. Only columns MariaDB and MySQL 8 share are compared (MariaDB's default plugin, its
-- Grantor and its roles tables differ). Direct writes to the grant tables are not here: MySQL 8
-- and MariaDB accept them; loopdb refuses them with 1036 (README; e2e TestGrantTablesOverTheWire).
CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20));
CREATE USER 'gt_clerk'@'%' IDENTIFIED BY 'Gt-clerk-pw1';
SELECT Host, User, Select_priv, Insert_priv, Process_priv, Grant_priv, ssl_type, password_expired FROM mysql.user WHERE User = 'gt_clerk';
SELECT COUNT(*) FROM mysql.db WHERE User = 'gt_clerk';
GRANT PROCESS ON *.* TO 'gt_clerk'@'%';
GRANT SELECT, INSERT ON * TO 'gt_clerk'@'%';
GRANT UPDATE, DELETE ON item TO 'gt_clerk'@'%' WITH GRANT OPTION;
SELECT Host, User, Select_priv, Insert_priv, Process_priv, Grant_priv FROM mysql.user WHERE User = 'gt_clerk';
SELECT Host, Db = DATABASE(), User, Select_priv, Insert_priv, Update_priv, Delete_priv, Grant_priv FROM mysql.db WHERE User = 'gt_clerk';
SELECT Host, Db = DATABASE(), User, Table_name, Table_priv, Column_priv FROM mysql.tables_priv WHERE User = 'gt_clerk';
SELECT COUNT(*) FROM mysql.columns_priv WHERE User = 'gt_clerk';
-- column privileges: columns_priv rows, tables_priv's Column_priv
GRANT SELECT (id, name), UPDATE (name) ON item TO 'gt_clerk'@'%';
SELECT Host, Db = DATABASE(), User, Table_name, Column_name, Column_priv FROM mysql.columns_priv WHERE User = 'gt_clerk' ORDER BY Column_name;
SELECT Table_name, Table_priv, Column_priv FROM mysql.tables_priv WHERE User = 'gt_clerk';
REVOKE SELECT (name) ON item FROM 'gt_clerk'@'%';
SELECT Column_name, Column_priv FROM mysql.columns_priv WHERE User = 'gt_clerk' ORDER BY Column_name;
-- expect-error: 1054
GRANT SELECT (nosuch) ON item TO 'gt_clerk'@'%';
SELECT u.User, d.Select_priv FROM mysql.user u JOIN mysql.db d ON d.User = u.User AND d.Host = u.Host WHERE u.User = 'gt_clerk';
REVOKE UPDATE ON item FROM 'gt_clerk'@'%';
SELECT Table_name, Table_priv FROM mysql.tables_priv WHERE User = 'gt_clerk';
REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'gt_clerk'@'%';
SELECT COUNT(*) FROM mysql.db WHERE User = 'gt_clerk';
SELECT COUNT(*) FROM mysql.tables_priv WHERE User = 'gt_clerk';
SELECT Process_priv FROM mysql.user WHERE User = 'gt_clerk';
DROP USER 'gt_clerk'@'%';
SELECT COUNT(*) FROM mysql.user WHERE User = 'gt_clerk';
-- expect-error: 1146
SELECT * FROM mysql.no_such_grant_table;
