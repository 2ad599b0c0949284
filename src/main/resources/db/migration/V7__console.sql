-- The console (routes/console.camel.yaml): the orders held for a person, and who acted on an order.

-- Orders the desk holds for a person, as last checked: the console's queue. A held order is checked again at every
-- poll (checked_at moves); one that left the queue (accepted, rejected, no longer pending in TEvo) is not shown.
create table held_order (
    order_id    bigint        not null primary key,
    held_since  timestamp with time zone not null,
    checked_at  timestamp with time zone not null,
    reasons     varchar(4000),            -- the broken rules' codes, comma-separated
    notes       varchar(4000),            -- what the email says of them (reasons, details, advice), one per line
    event_name  varchar(500),
    event_at    varchar(64),              -- the first item's event, occurs_at as TEvo sent it (the venue's local time)
    buyer       varchar(500),
    total       varchar(64),
    order_json  varchar(1000000)          -- the order as TEvo sent it, for the order's page
);
create index held_order_checked on held_order (checked_at);

-- A decision taken by a person in the console (null: by the desk itself).
alter table decision_audit add column decided_by varchar(200);
