-- The console's sessions (ConsoleSessions): one row per sign-in, shared by every desk on this database. The session
-- cookie names the row; a request whose row is gone or ended is signed out. Sign-out ends the row on every desk at once.
create table console_session (
    id           varchar(64)   not null primary key,  -- random, 256 bits (base64url), only ever inside the encrypted cookie
    user_name    varchar(64)   not null,
    csrf         varchar(64)   not null,              -- the session's CSRF token, carried by its forms
    credential   varchar(64)   not null,              -- a fingerprint of the password hash at sign-in: a new password ends it
    started_at   timestamp with time zone not null,
    ended_at     timestamp with time zone
);
create index console_session_user on console_session (user_name);
create index console_session_started on console_session (started_at);
