-- E-tickets owed: each e-ticket item of an order the desk accepted, recorded with the accept (one transaction), so the
-- console and the metrics can tell which sold tickets have not reached TEvo yet. An item is owed while the order is
-- ACCEPTED in desk_order, eticket_delivery does not show it DELIVERED and it is not settled (TEvo shows its e-tickets,
-- the order completed or ended: see routes/etickets-owed.camel.yaml).
create table owed_eticket (
    order_id       bigint        not null,
    item_id        bigint        not null,  -- items[].id, as eticket_delivery
    quantity       integer,
    ticket_id      varchar(200),            -- ticket_group.remote_id
    seats          varchar(500),            -- section, row and seats, for a person
    event_name     varchar(500),
    event_at       varchar(64),             -- occurs_at as TEvo sent it (the venue's local time)
    event_time     timestamp with time zone, -- the same read as an instant, for sorting and "within 24 h" (null: unreadable)
    accepted_at    timestamp with time zone not null,
    checked_at     timestamp with time zone, -- last re-read in TEvo (routes/etickets-owed.camel.yaml)
    settled_at     timestamp with time zone,
    settled_why    varchar(200),
    primary key (order_id, item_id)
);
create index owed_eticket_open on owed_eticket (settled_at, event_time);
