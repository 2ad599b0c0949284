-- Every email the desk sends, once per key (order and reasons, outage, file, ...): kept until the SMTP server takes it.
create table mail_outbox (
    notify_key      varchar(500)  not null primary key,
    recipient       varchar(1000),                 -- null: notify.mail.to
    subject         varchar(1000),
    body            varchar(100000),
    status          varchar(10)   not null,        -- PENDING, SENT, FAILED
    attempts        integer       not null,
    next_attempt_at timestamp with time zone,
    last_error      varchar(2000),
    created_at      timestamp with time zone not null,
    sent_at         timestamp with time zone
);
create index mail_outbox_due on mail_outbox (status, next_attempt_at);

-- Emails sent before the outbox existed keep counting as sent.
insert into mail_outbox (notify_key, status, attempts, created_at, sent_at)
    select key_value, 'SENT', 1, created_at, created_at from processed_key where processor = 'notify';
