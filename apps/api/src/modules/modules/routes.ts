// Routes of the discovery modules domain: a school's modules for its classes, their activities
// (added, changed, reordered, removed), copies for another class or the next year, and the
// pupil's side: their class's modules and their reflection after each activity done.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ActivityReflection,
  CopyModuleBody,
  CreateActivityBody,
  CreateModuleBody,
  DiscoveryModule,
  IdParams,
  ModuleActivityParams,
  ModuleQuery,
  ModuleSummary,
  Ok,
  PupilModule,
  ReflectionBody,
  ReorderActivitiesBody,
  UpdateActivityBody,
  UpdateModuleBody,
} from '@tremplin/contracts';
import { principalOf } from '../../plugins/auth.js';
import { conflict, invalidField, notFound } from '../../lib/problem.js';
import { authProblems, problems, secured } from '../../lib/schemas.js';
import { recordAudit } from '../audit/repository.js';
import * as repo from './repository.js';
import * as service from './service.js';
import { NOT_FOUND } from './service.js';

const STAFF = ['teacher', 'school_admin'] as const;
const TAGS = ['modules'];

export default async function moduleRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  async function moduleOr404(id: string, userId: string) {
    const module = await service.readModule(app.db, { id, userId });
    if (!module) throw notFound(NOT_FOUND.module);
    return module;
  }

  app.get(
    '/api/modules',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: TAGS,
        summary: "The discovery modules of my schools' classes",
        ...secured,
        querystring: ModuleQuery,
        response: { 200: Type.Array(ModuleSummary), ...problems(400, ...authProblems) },
      },
    },
    async (request) => {
      const rows = await repo.listModules(app.db, {
        userId: principalOf(request).id,
        classId: request.query.classId,
        schoolYear: request.query.schoolYear,
      });
      return rows.map((r) => ({
        id: r.id,
        title: r.title,
        schoolName: r.schoolName,
        class: { id: r.classId, name: r.className, level: r.classLevel },
        teacherName: r.teacherName,
        schoolYear: r.schoolYear,
        activityCount: r.activityCount,
        doneCount: r.doneCount,
        nextActivity: r.nextTitle ? { title: r.nextTitle, startsOn: r.nextStartsOn } : null,
      }));
    },
  );

  app.post(
    '/api/modules',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: TAGS,
        summary: 'Create a discovery module for a class of my school; I become its teacher',
        ...secured,
        body: CreateModuleBody,
        response: { 201: DiscoveryModule, ...problems(400, ...authProblems) },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request);
      const body = request.body;
      const target = await repo.getStaffClass(app.db, { classId: body.classId, userId: actor.id });
      if (!target) throw invalidField('body.classId', 'class.unknown', NOT_FOUND.class);
      const title = body.title.replace(/\s+/g, ' ').trim();
      if (title === '')
        throw invalidField('body.title', 'minLength', 'Ce champ ne peut pas être vide.');
      const created = await repo.createModule(app.db, {
        schoolId: target.schoolId,
        classId: target.id,
        teacherId: actor.id,
        title,
        objectives: (body.objectives ?? '').trim(),
        schoolYear: target.schoolYear,
      });
      reply.status(201);
      return moduleOr404(created.id, actor.id);
    },
  );

  app.get(
    '/api/modules/:id',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: TAGS,
        summary: 'One module of my school, its activities in order and their visits',
        ...secured,
        params: IdParams,
        response: { 200: DiscoveryModule, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => moduleOr404(request.params.id, principalOf(request).id),
  );

  app.patch(
    '/api/modules/:id',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: TAGS,
        summary: "Change a module's title or objectives",
        ...secured,
        params: IdParams,
        body: UpdateModuleBody,
        response: { 200: DiscoveryModule, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const actor = principalOf(request);
      const values: { title?: string; objectives?: string } = {};
      if (request.body.title !== undefined) {
        values.title = request.body.title.replace(/\s+/g, ' ').trim();
        if (values.title === '')
          throw invalidField('body.title', 'minLength', 'Ce champ ne peut pas être vide.');
      }
      if (request.body.objectives !== undefined) values.objectives = request.body.objectives.trim();
      const done = await repo.updateModule(app.db, {
        id: request.params.id,
        userId: actor.id,
        values,
      });
      if (!done) throw notFound(NOT_FOUND.module);
      return moduleOr404(request.params.id, actor.id);
    },
  );

  app.delete(
    '/api/modules/:id',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: TAGS,
        summary: 'Delete a module with its activities (not while a visit is under way)',
        ...secured,
        params: IdParams,
        response: { 200: Ok, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const actor = principalOf(request);
      await app.db.transaction(async (tx) => {
        const module = await repo.lockModule(tx, { id: request.params.id, userId: actor.id });
        if (!module) throw notFound(NOT_FOUND.module);
        if ((await repo.liveVisitCount(tx, { moduleId: module.id })) > 0) {
          throw conflict(
            'module.visitLive',
            "Une demande de visite d'ambassadeur est en cours dans ce module : annulez-la d'abord.",
          );
        }
        const activityIds = await repo.activityIdsOf(tx, module.id);
        for (const activityId of activityIds) {
          await repo.removeActivityFromPassports(tx, { activityId });
        }
        await repo.deleteModule(tx, { id: module.id, userId: actor.id });
        await recordAudit(tx, {
          actorId: actor.id,
          action: 'module.deleted',
          subjectType: 'discovery_module',
          subjectId: module.id,
          data: { activities: activityIds.length },
        });
      });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/modules/:id/copy',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: TAGS,
        summary: 'Copy a module for another class of the school, this year or another',
        description:
          'Activities are copied in order, planned again, without visits or reflections. For a class of another school year, dates move by as many years, to the nearest same weekday.',
        ...secured,
        params: IdParams,
        body: CopyModuleBody,
        response: { 201: DiscoveryModule, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request);
      const created = await app.db.transaction((tx) =>
        service.copyModule(tx, {
          id: request.params.id,
          userId: actor.id,
          classId: request.body.classId,
          title: request.body.title,
        }),
      );
      reply.status(201);
      return moduleOr404(created.id, actor.id);
    },
  );

  app.post(
    '/api/modules/:id/activities',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: TAGS,
        summary: 'Add an activity at the end of the module',
        ...secured,
        params: IdParams,
        body: CreateActivityBody,
        response: { 201: DiscoveryModule, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request, reply) => {
      const actor = principalOf(request);
      await app.db.transaction((tx) =>
        service.addActivity(tx, {
          moduleId: request.params.id,
          userId: actor.id,
          body: request.body,
        }),
      );
      reply.status(201);
      return moduleOr404(request.params.id, actor.id);
    },
  );

  app.patch(
    '/api/modules/:id/activities/:activityId',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: TAGS,
        summary: 'Change an activity: kind, title, dates, or its status (planned, done, cancelled)',
        description:
          'Done: the activity has taken place (not before its first day) and enters the passport of each pupil of the class. An activity pupils have reflected on stays done; one with a visit request under way cannot be cancelled.',
        ...secured,
        params: ModuleActivityParams,
        body: UpdateActivityBody,
        response: { 200: DiscoveryModule, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const actor = principalOf(request);
      await app.db.transaction((tx) =>
        service.changeActivity(tx, {
          moduleId: request.params.id,
          activityId: request.params.activityId,
          userId: actor.id,
          body: request.body,
          now: new Date(),
        }),
      );
      return moduleOr404(request.params.id, actor.id);
    },
  );

  app.delete(
    '/api/modules/:id/activities/:activityId',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: TAGS,
        summary: 'Remove an activity (not one with a visit under way or with reflections)',
        ...secured,
        params: ModuleActivityParams,
        response: { 200: DiscoveryModule, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) => {
      const actor = principalOf(request);
      await app.db.transaction((tx) =>
        service.removeActivity(tx, {
          moduleId: request.params.id,
          activityId: request.params.activityId,
          userId: actor.id,
        }),
      );
      return moduleOr404(request.params.id, actor.id);
    },
  );

  app.put(
    '/api/modules/:id/activities/order',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole(...STAFF)],
      schema: {
        tags: TAGS,
        summary: "Put the module's activities in a new order (every activity, once)",
        ...secured,
        params: IdParams,
        body: ReorderActivitiesBody,
        response: { 200: DiscoveryModule, ...problems(400, 404, ...authProblems) },
      },
    },
    async (request) => {
      const actor = principalOf(request);
      await app.db.transaction((tx) =>
        service.reorder(tx, {
          moduleId: request.params.id,
          userId: actor.id,
          activityIds: request.body.activityIds,
        }),
      );
      return moduleOr404(request.params.id, actor.id);
    },
  );

  // ------------------------------------------------------------------------------------------
  // Pupils

  app.get(
    '/api/students/me/modules',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags: TAGS,
        summary: "My class's discovery modules, their activities and my reflections",
        ...secured,
        response: { 200: Type.Array(PupilModule), ...problems(...authProblems) },
      },
    },
    async (request) => service.pupilModules(app.db, { studentId: principalOf(request).id }),
  );

  app.put(
    '/api/students/me/reflections/:id',
    {
      onRequest: [app.authenticate],
      preHandler: [app.requireRole('student')],
      schema: {
        tags: TAGS,
        summary: 'Write or rewrite my reflection on a done activity of my class (id: the activity)',
        description:
          'The reflection enters my passport (kind "reflection"), and so does the activity itself.',
        ...secured,
        params: IdParams,
        body: ReflectionBody,
        response: { 200: ActivityReflection, ...problems(400, 404, 409, ...authProblems) },
      },
    },
    async (request) =>
      app.db.transaction((tx) =>
        service.writeReflection(tx, {
          studentId: principalOf(request).id,
          activityId: request.params.id,
          text: request.body.text,
          now: new Date(),
        }),
      ),
  );
}
