-- Call log: whether the user was the one called. An internal call may be either (a colleague called the
-- user, or the user called a colleague), and only a call the user was offered can be a missed call.
-- Lines logged before: inbound calls were incoming, outbound ones not; an internal call was incoming
-- when the number dialled was the user's own extension (as the portal used to guess; a user whose
-- extension changed since sees such calls as placed).
ALTER TABLE call_log ADD COLUMN incoming BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE call_log SET incoming = TRUE
    WHERE direction = 'inbound'
       OR (direction = 'internal'
           AND dialed_number = (SELECT u.extension FROM users u WHERE u.id = call_log.user_id));
ALTER TABLE call_log ALTER COLUMN incoming DROP DEFAULT;
ALTER TABLE call_log ADD CONSTRAINT call_log_incoming_ck
    CHECK (direction = 'internal' OR incoming = (direction = 'inbound'));
