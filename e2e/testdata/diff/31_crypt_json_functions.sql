-- AES_ENCRYPT/AES_DECRYPT (aes-128-ecb, MySQL's key folding and padding: the bytes match),
-- COMPRESS/UNCOMPRESS round trips (the zlib bytes differ between implementations, so only
-- what they decode to and their lengths header are compared), RANDOM_BYTES' length,
-- JSON_VALUE without RETURNING and JSON_OVERLAPS. Not here: JSON_VALUE of a JSON true/false
-- (MySQL 8 answers 'true', MariaDB 1).
SELECT HEX(AES_ENCRYPT('hello world', 'secret key that is long enough')), HEX(AES_ENCRYPT('', 'k')), HEX(AES_ENCRYPT('0123456789abcdef', 'k'));
SELECT AES_DECRYPT(AES_ENCRYPT('text', 'k'), 'k'), AES_DECRYPT(AES_ENCRYPT('text', 'k'), 'wrong'), AES_DECRYPT('short', 'k'), AES_DECRYPT(NULL, 'k'), AES_ENCRYPT('a', NULL);
SELECT AES_DECRYPT(UNHEX('59DAFDBE1A40508981E0CCE4CEEB598C'), 'secret key that is long enough');
CREATE TABLE sec (id INT PRIMARY KEY, secret VARBINARY(64));
INSERT INTO sec VALUES (1, AES_ENCRYPT('card 4111', 'pw')), (2, AES_ENCRYPT('', 'pw')), (3, NULL);
SELECT id, AES_DECRYPT(secret, 'pw'), LENGTH(secret) FROM sec ORDER BY id;
SELECT UNCOMPRESS(COMPRESS('abc abc abc ')), UNCOMPRESSED_LENGTH(COMPRESS(REPEAT('x', 1000))), LENGTH(COMPRESS('')), UNCOMPRESS(''), UNCOMPRESS(NULL);
SELECT LENGTH(UNCOMPRESS(COMPRESS(REPEAT('loopdb ', 5000)))), UNCOMPRESS(COMPRESS('é ü')) = 'é ü';
SELECT LENGTH(RANDOM_BYTES(16)), LENGTH(RANDOM_BYTES(1024)), RANDOM_BYTES(NULL);
SELECT JSON_VALUE('{"a": 1.5, "b": "x"}', '$.a'), JSON_VALUE('{"a": 1, "b": "x"}', '$.b'), JSON_VALUE('{"c": [1]}', '$.c'), JSON_VALUE('{"d": null}', '$.d'), JSON_VALUE('{}', '$.zz'), JSON_VALUE(NULL, '$.a');
SELECT JSON_VALUE('[10, 20, {"k": "v"}]', '$[1]'), JSON_VALUE('[10, 20, {"k": "v"}]', '$[2].k');
SELECT JSON_OVERLAPS('[1,3,5]', '[2,5]'), JSON_OVERLAPS('[1,3]', '[2]'), JSON_OVERLAPS('{"a":1,"b":2}', '{"b":2}'), JSON_OVERLAPS('{"a":1}', '{"a":2}'), JSON_OVERLAPS('[1,2]', '2'), JSON_OVERLAPS('5', '5'), JSON_OVERLAPS('[[1]]', '[1]'), JSON_OVERLAPS(NULL, '1');
