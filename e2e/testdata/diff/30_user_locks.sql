-- User-level locks on one connection: counted holds, RELEASE_LOCK of a name nobody holds
-- (NULL), RELEASE_ALL_LOCKS. Not here, because MariaDB 10.11 differs from MySQL 8, which loopdb
-- follows: names differing only in case (one lock in MySQL 8, two in MariaDB), NULL, '' and
-- names over 64 characters (error 3057 in MySQL 8, NULL or accepted in MariaDB). Waits, timeouts,
-- deadlocks and KILL between connections are in exec/userlock_test.go.
SELECT GET_LOCK('m1', 0), IS_FREE_LOCK('m1'), IS_USED_LOCK('m1') = CONNECTION_ID(), RELEASE_LOCK('m1'), RELEASE_LOCK('m1'), IS_FREE_LOCK('m1');
SELECT GET_LOCK('m1', 0), GET_LOCK('m2', 0.5), GET_LOCK('m1', 0), RELEASE_ALL_LOCKS(), RELEASE_ALL_LOCKS(), IS_USED_LOCK('m2');
SELECT GET_LOCK('m3', 1), GET_LOCK('m3', NULL), RELEASE_LOCK('m3'), RELEASE_LOCK('m3');
BEGIN;
SELECT GET_LOCK('tx', 0);
ROLLBACK;
SELECT IS_FREE_LOCK('tx'), RELEASE_LOCK('tx');
