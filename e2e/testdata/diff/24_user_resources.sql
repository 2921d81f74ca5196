-- Resource limits of CREATE/ALTER USER ... WITH as mysql.user shows them: ALTER USER changes
-- only the limits it names, 0 lifts one, FLUSH USER_RESOURCES is accepted. Enforcement (1226,
-- 1203) needs several connections and lives in e2e TestAccountResourceLimits.
CREATE USER 'ur_app'@'%' IDENTIFIED BY 'Ur-app-pw1' WITH MAX_QUERIES_PER_HOUR 10 MAX_UPDATES_PER_HOUR 5;
SELECT max_questions, max_updates, max_connections, max_user_connections FROM mysql.user WHERE User = 'ur_app';
ALTER USER 'ur_app'@'%' WITH MAX_CONNECTIONS_PER_HOUR 3 MAX_USER_CONNECTIONS 2;
SELECT max_questions, max_updates, max_connections, max_user_connections FROM mysql.user WHERE User = 'ur_app';
ALTER USER 'ur_app'@'%' WITH MAX_QUERIES_PER_HOUR 0 MAX_QUERIES_PER_HOUR 7;
SELECT max_questions, max_updates, max_connections, max_user_connections FROM mysql.user WHERE User = 'ur_app';
FLUSH USER_RESOURCES;
CREATE USER 'ur_plain'@'%' IDENTIFIED BY 'Ur-plain-pw1';
SELECT max_questions, max_updates, max_connections, max_user_connections FROM mysql.user WHERE User = 'ur_plain';
DROP USER 'ur_app'@'%', 'ur_plain'@'%';
