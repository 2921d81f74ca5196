-- Routine privileges as mysql.procs_priv shows them: GRANT and REVOKE ON PROCEDURE, their errors
-- (1305 for a missing procedure, 1403 for a grant never made, 1144 for a privilege routines do
-- not take), and DROP PROCEDURE taking the grants away. SHOW GRANTS is not compared (MariaDB
-- quotes names its own way); CALL and DROP PROCEDURE as the grantee are in e2e
-- TestRoutinePrivileges (one connection here).
CREATE USER 'rg_user'@'%';
CREATE PROCEDURE rg_p() SET @rg = 1;
-- expect-error: 1305
GRANT EXECUTE ON PROCEDURE rg_nosuch TO 'rg_user'@'%';
-- expect-error: 1403
REVOKE EXECUTE ON PROCEDURE rg_p FROM 'rg_user'@'%';
-- expect-error: 1144
GRANT SELECT ON PROCEDURE rg_p TO 'rg_user'@'%';
GRANT EXECUTE ON PROCEDURE rg_p TO 'rg_user'@'%';
SELECT Host, Db = DATABASE(), User, Routine_name, Routine_type, Proc_priv FROM mysql.procs_priv WHERE User = 'rg_user';
GRANT ALTER ROUTINE ON PROCEDURE rg_p TO 'rg_user'@'%' WITH GRANT OPTION;
SELECT Routine_name, Proc_priv FROM mysql.procs_priv WHERE User = 'rg_user';
REVOKE EXECUTE ON PROCEDURE rg_p FROM 'rg_user'@'%';
SELECT Routine_name, Proc_priv FROM mysql.procs_priv WHERE User = 'rg_user';
DROP PROCEDURE rg_p;
SELECT COUNT(*) FROM mysql.procs_priv WHERE User = 'rg_user';
DROP USER 'rg_user'@'%';
