import { describeCollaborativeStoreContract } from '../../../test/support/collaborative-store.contract';
import { MemoryCollaborativeStore } from './memory-collaborative-store';

describeCollaborativeStoreContract(
  'MemoryCollaborativeStore',
  (_namespace, maxFilmsPerUser) => new MemoryCollaborativeStore({ maxFilmsPerUser }),
);
