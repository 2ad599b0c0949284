-- The best candidates proposed for a rejected purchase (JSON: [{"id":listing id,"line":"..."}]), for the console's
-- "Order this one".
alter table substitution add column candidates varchar(4000);
