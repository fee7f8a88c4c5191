import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { ACCESS_POLICY, AccessPolicy } from './access.decorator';

export interface RoutePolicy {
  /** `GET GroupController.getGroup`, for messages. */
  route: string;
  /** The handler's name: the operation id in the spec. */
  handler: string;
  /** Undefined when the route declares neither `@Access` nor `@Public` (a test forbids it). */
  policy: AccessPolicy | undefined;
}

/** Every controller route of the app with the access it declares. */
export function routePolicies(app: INestApplication): RoutePolicy[] {
  const scanner = new MetadataScanner();
  const routes: RoutePolicy[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as object;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const policy =
          (Reflect.getMetadata(ACCESS_POLICY, handler) as AccessPolicy | undefined) ??
          (Reflect.getMetadata(ACCESS_POLICY, controller) as AccessPolicy | undefined);
        routes.push({ route: `${method} ${controller.name}.${name}`, handler: name, policy });
      }
    }
  }
  return routes;
}
