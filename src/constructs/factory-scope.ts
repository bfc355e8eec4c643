import { Construct, IConstruct } from 'constructs';

/**
 * The scope a static factory method (`Certificate.fromSecret`, ...) reports bad input with: it has no construct of its
 * own, so its errors name the method instead of a construct path, e.g.
 * `[Certificate.fromSecret] secretName: 'Bad_Name' is not a valid Secret name; ...`. A detached root construct whose
 * path is the method name; it joins no app.
 *
 * @param method - `Class.method`, as the user wrote the call.
 */
export function factoryScope(method: string): IConstruct {
  return new Construct(undefined as unknown as Construct, method);
}
