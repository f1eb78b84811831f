// Notifications in the app.
import { type Static, Type } from 'typebox';
import { IsoDateTime, Uuid } from './common.js';

export const Notification = Type.Object({
  id: Uuid,
  /** e.g. "application.accepted"; the web app words it in the reader's language from `data`. */
  kind: Type.String(),
  data: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  link: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTime,
  readAt: Type.Union([IsoDateTime, Type.Null()]),
});
export type Notification = Static<typeof Notification>;

export const NotificationList = Type.Object({
  unread: Type.Integer(),
  items: Type.Array(Notification),
});
export type NotificationList = Static<typeof NotificationList>;
