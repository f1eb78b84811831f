-- The audit log is append-only: the database refuses to change or remove an entry, whatever the
-- application does. The only change allowed is the one its foreign key makes itself when a person
-- is deleted outright (actor_id set to null); the platform anonymises people instead.
create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE'
     and old.actor_id is not null and new.actor_id is null
     and (new.id, new.at, new.action, new.subject_type, new.subject_id, new.data)
         is not distinct from (old.id, old.at, old.action, old.subject_type, old.subject_id, old.data)
  then
    return new;
  end if;
  raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end $$;
--> statement-breakpoint
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_append_only();
