-- Deliveries TEvo certainly did not take (rate limited, unavailable, unreachable) are tried again on a schedule.
alter table eticket_delivery add column attempts integer default 0 not null;
alter table eticket_delivery add column next_attempt_at timestamp with time zone;
