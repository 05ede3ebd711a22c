import { ruleTester } from '../../test/rule-tester';
import { hostNamespaceTests } from '../../test/k8s-cases';
import rule from './no-host-network';

ruleTester(rule, hostNamespaceTests('hostNetwork'));
