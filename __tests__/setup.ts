import { Testing } from 'cdktf';

// cdktf's Jest matchers (toHaveResourceWithProperties, …) for every test file.
Testing.setupJest();
