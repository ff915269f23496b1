-- SIP location service: when each contact was first registered, so that routing keeps preferring the
-- newest contact of a device across a restart.
ALTER TABLE sip_registrations ADD COLUMN registered_at TIMESTAMP WITH TIME ZONE;
