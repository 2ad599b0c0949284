-- Reservations whose sale was written back to the broker's inventory (inventory.sql.on-accept): undone by
-- inventory.sql.on-release if the order does not sell after all.
alter table reservation add column written_back boolean default false not null;
