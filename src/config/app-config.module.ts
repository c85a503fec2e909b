import { type DynamicModule, Global, Inject, Module } from '@nestjs/common';
import type { AppConfig } from './app-config';

/** DI token of the validated AppConfig; inject it with @InjectAppConfig(). */
export const APP_CONFIG = Symbol('APP_CONFIG');

export const InjectAppConfig = (): ParameterDecorator => Inject(APP_CONFIG);

/**
 * Provides the config that the entry point loaded and validated before Nest started, so a bad
 * setting stops the process before any module initialises, and tests can pass their own config.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
