-- A default inventory table for inventory.source=sql (PostgreSQL and H2). Your POS database can keep its own
-- schema: point inventory.sql.query / inventory.sql.batch-query at it, aliasing its columns to
-- ticket_id, quantity, price, eticket.
create table inventory (
    ticket_id   varchar(100)  not null primary key,  -- the TicketID you upload to TEvo (= ticket_group.remote_id)
    quantity    integer       not null,              -- tickets on hand
    price       numeric(12,2),                       -- lowest price per ticket you accept (0: no floor; null: row unusable)
    eticket     boolean       not null default false -- e-tickets (PDFs) available
);

insert into inventory (ticket_id, quantity, price, eticket) values
    ('191497', 4, 200.00, true),
    ('191498', 2, 150.00, true);
